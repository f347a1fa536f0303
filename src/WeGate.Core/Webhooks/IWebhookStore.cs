namespace WeGate.Core.Webhooks;

public interface IWebhookStore
{
    // The secret is given already encrypted for the purpose WebhookSecrets.Purpose(pool, id).
    Task CreateAsync(WebhookEndpoint endpoint, byte[] protectedSecret, CancellationToken ct = default);
    Task<WebhookEndpoint?> GetAsync(string pool, string id, CancellationToken ct = default);
    Task<IReadOnlyList<WebhookEndpoint>> ListAsync(string pool, CancellationToken ct = default);
    Task<bool> UpdateAsync(WebhookEndpoint endpoint, CancellationToken ct = default);
    // The replaced secret goes on signing beside the new one until `previousUntil`.
    Task<bool> SetSecretAsync(string pool, string id, byte[] protectedSecret, DateTimeOffset previousUntil, CancellationToken ct = default);
    Task<bool> DeleteAsync(string pool, string id, CancellationToken ct = default);

    Task<IReadOnlyList<WebhookMessage>> ListMessagesAsync(string pool, string id, string? state, int limit, CancellationToken ct = default);
    Task<(WebhookMessage Message, string Payload, IReadOnlyList<WebhookAttempt> Attempts)?> GetMessageAsync(string pool, string id, string messageId,
        CancellationToken ct = default);
    // Puts a delivered or given-up message back in the queue, with a fresh retry schedule; false when
    // there is no such message or it is still pending.
    Task<bool> RedeliverAsync(string pool, string id, string messageId, CancellationToken ct = default);
    // Null when the pool has no such endpoint.
    Task<WebhookMessage?> EnqueueTestAsync(string pool, string id, CancellationToken ct = default);
}

// The deliverer's side of the outbox.
public interface IWebhookOutbox
{
    Task<bool> AnyDueAsync(CancellationToken ct = default);
    // Due pending messages of enabled endpoints, each the earliest pending one of its user at its endpoint,
    // leased to the caller until `leaseUntil`; no two callers (nodes) get the same message within a lease.
    Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(int limit, DateTimeOffset leaseUntil, CancellationToken ct = default);
    // Records the attempt and moves the message on: delivered, due again at `retryAt`, or given up (null).
    Task CompleteAsync(ClaimedMessage message, AttemptResult result, DateTimeOffset attemptedAt, DateTimeOffset? retryAt, CancellationToken ct = default);
    // Ends the lease of messages claimed but not completed (a node stopping).
    Task ReleaseAsync(IReadOnlyList<string> messageIds, CancellationToken ct = default);
}

public static class WebhookSecrets
{
    public static string Purpose(string pool, string id) => $"webhook:{pool}:{id}";

    public static string NewEndpointId() => "wh_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));
}
