using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace WeGate.Sandbox.Api;

// Successful WeChat bodies: the snake_case names are written literally in the handlers, and absent
// fields (unionid of an unbound app, is_snapshotuser of a normal user) are left out, not null.
internal static class WeChatJson
{
    internal static readonly JsonSerializerOptions Options = ReadOnly(new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static IResult Ok(object body) => Results.Json(body, Options);

    // Options shared by concurrent responses must be read-only before the first one: Results.Json gives
    // options without a type resolver the default one, and two first requests racing there fail with
    // "This JsonSerializerOptions instance is read-only" once the other has serialized.
    internal static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
