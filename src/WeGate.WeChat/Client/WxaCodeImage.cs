namespace WeGate.WeChat.Client;

public sealed record WxaCodeImage(ReadOnlyMemory<byte> Content, string ContentType);
