namespace WeGate.WeChat.Tests;

// Test vectors from docs/wechat-contract.md#test-vectors, and the official WXBizDataCrypt demo data (docs/wechat-contract.md#encrypted-open-data).
internal static class Vectors
{
    public const string V3Token = "pamtest";
    public const string V3Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string V3AppId = "wxb11529c136998cb6";
    public const string V3Random = "aaaabbbbccccdddd";
    public const string V3Message = "我是中文abcd123";
    public const string V3Ciphertext = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";
    public const string V3Timestamp = "1409304348";
    public const string V3Nonce = "xxxxxx";
    public const string V3MsgSignature = "82c962d39941aa48552f90ef55aa323dc620cc10";

    public const string V4SessionKey = "HyVFkGl5F5OQWJZZaNzBBg==";
    public const string V4RawData = """{"nickName":"Band","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong","country":"CN","avatarUrl":"http://wx.qlogo.cn/mmopen/vi_32/1vZvI39NWFQ9XM4LtQpFrQJ1xlgZxx3w7bQxKARol6503Iuswjjn6nIGBiaycAjAtpujxyzYsrztuuICqIM5ibXQ/0"}""";
    public const string V4Signature = "75e81ceda165f4ffa64f4068af58c64b8f54b88c";

    public const string DemoAppId = "wx4f4bc4dec97d474b";
    public const string DemoSessionKey = "tiihtNczf5v6AKRyjwEUhQ==";
    public const string DemoIv = "r7BXXKkLb8qrSNn05n0qiA==";
    public const string DemoEncryptedData =
        "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==";
}
