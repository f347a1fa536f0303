using QRCoder;

namespace WeGate.Sandbox.Api;

// Real WeChat serves JPEG; the sandbox serves PNG, which clients must accept anyway since they branch
// on "not JSON" rather than on one image type (docs/wechat-contract.md#qr-images, docs/wechat-contract.md#mini-program-codes).
internal static class QrImage
{
    public const string ContentType = "image/png";

    // Null when the content does not fit in a QR code (about 2,300 bytes at level M).
    public static byte[]? Png(string content, int pixelsPerModule = 8)
    {
        using var generator = new QRCodeGenerator();
        try
        {
            using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
            using var png = new PngByteQRCode(data);
            return png.GetGraphic(pixelsPerModule);
        }
        catch (QRCoder.Exceptions.DataTooLongException)
        {
            return null;
        }
    }
}
