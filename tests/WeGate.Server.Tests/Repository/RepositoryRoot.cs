namespace WeGate.Server.Tests.Repository;

// The checkout the tests run from: the folder above the test binaries that holds WeGate.sln.
internal static class RepositoryRoot
{
    public static readonly string Path = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "WeGate.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No WeGate.sln above {AppContext.BaseDirectory}: the repository root cannot be found.");
    }
}
