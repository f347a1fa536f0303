using System.Security.Cryptography;

namespace WeGate.Storage.Stores;

// Ids that sort by creation: milliseconds, then a per-process counter (so two events of one
// millisecond keep their order), then random bits so nodes do not collide.
internal static class SortableId
{
    private static long _counter;

    public static string New(DateTimeOffset at)
    {
        var sequence = Interlocked.Increment(ref _counter) & 0xFFFFFF;
        Span<byte> random = stackalloc byte[5];
        RandomNumberGenerator.Fill(random);
        return $"{at.ToUnixTimeMilliseconds():x12}{sequence:x6}{Convert.ToHexStringLower(random)}";
    }
}
