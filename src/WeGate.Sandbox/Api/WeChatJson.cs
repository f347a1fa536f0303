using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace WeGate.Sandbox.Api;

// Successful WeChat bodies: the snake_case names are written literally in the handlers, and absent
// fields (unionid of an unbound app, is_snapshotuser of a normal user) are left out, not null.
internal static class WeChatJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Ok(object body) => Results.Json(body, Options);
}
