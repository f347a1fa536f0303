using Microsoft.AspNetCore.Http;

namespace WeGate.Sandbox.Pages;

// The form a sandbox page posts back; null when the body is no form, or a broken one (a multipart
// type without its boundary, a truncated body): the page then answers as to a missing field.
internal static class FormBody
{
    public static async Task<IFormCollection?> ReadAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
