using QRCoder;

namespace WeGate.Sandbox.Api;

// Real WeChat serves JPEG; the sandbox serves PNG, which clients must accept anyway since they branch
// on "not JSON" rather than on one image type (wechat-api.md §1.3, §3.1).
internal static class QrImage
{
    public const string ContentType = "image/png";

    public static byte[] Png(string content, int pixelsPerModule = 8)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(pixelsPerModule);
    }
}
