using System.Net;
using System.Text;

namespace WeGate.Sandbox.Push;

// What the sandbox reads of a server's answer, and what it reports back to the control API: enough
// for a developer to see what went wrong (status, a short text excerpt), never a copy of whatever an
// address answered (docs/sandbox.md, "Where events go").
internal static class ServerReply
{
    public const int ExcerptLength = 200;

    public static async Task<string> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[limit + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, Math.Min(total, limit));
    }

    // The first characters of a text answer with control characters blanked; a binary one by its size
    // and type only.
    public static string Excerpt(string body, HttpContent content)
    {
        var type = content.Headers.ContentType?.MediaType;
        if (type is not null && !type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            && !type.Contains("xml", StringComparison.OrdinalIgnoreCase) && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return $"({content.Headers.ContentLength ?? Encoding.UTF8.GetByteCount(body)} bytes of {type})";
        }

        var text = new string([.. body.Take(ExcerptLength).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? ' ' : c)]);
        return body.Length > ExcerptLength ? text + "…" : text;
    }

    public static string Status(HttpStatusCode status) => (int)status is >= 300 and < 400
        ? $"HTTP {(int)status}: redirects are not followed; make the server URL the address that answers."
        : $"HTTP {(int)status}.";
}
