namespace WeGate.Bench;

// How every wegate-bench command turns down arguments it cannot use: one line on standard error that
// names the command and says what to change, and exit code 2 (a usage error, as System.CommandLine's own).
internal static class Usage
{
    public static async Task<int> Refuse(string command, string problem)
    {
        await Console.Error.WriteLineAsync($"{command}: {problem}");
        return 2;
    }
}
