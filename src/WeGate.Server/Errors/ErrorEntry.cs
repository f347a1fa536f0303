namespace WeGate.Server.Errors;

// One error WeGate can answer, under a stable id (WG and four digits) that the answer carries as
// error_id and error_uri and that docs/errors.md lists. Code is the OAuth/OIDC error code, Status the
// HTTP status of a JSON answer, Description the sentence an answer carries when the call site has
// nothing more specific to say.
public sealed record ErrorEntry(int Number, string Code, string Description, int Status = StatusCodes.Status400BadRequest)
{
    public string Id => $"WG{Number}";

    // The anchor of this entry on /errors and in docs/errors.md.
    public string Anchor => $"wg{Number}";

    // This entry on the /errors page of the WeGate at publicBase ("" for a link within WeGate's pages).
    public string Uri(string publicBase) => $"{publicBase}/errors#{Anchor}";

    public OAuthError Error() => new(this, Description);

    // The same error, with a description that names what was wrong in this request.
    public OAuthError Error(string description) => new(this, description);
}
