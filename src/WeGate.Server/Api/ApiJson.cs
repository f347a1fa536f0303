using System.Text.Json;
using System.Text.Json.Serialization;

namespace WeGate.Server.Api;

public static class ApiJson
{
    // snake_case on the wire like OAuth and OIDC; an unknown field is an error so typos do not pass silently.
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.DictionaryKeyPolicy = null;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        o.MaxDepth = 16;
        return o;
    }
}
