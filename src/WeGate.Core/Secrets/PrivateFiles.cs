namespace WeGate.Core.Secrets;

// The data folder holds the database and, in Development, the master key: only the account WeGate
// runs as may read them (folder 0700, files 0600; docs/security.md). SQLite creates its -wal and -shm
// files with the permissions of the database file, so creating that file 0600 covers all three.
public static class PrivateFiles
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // Creates the folder owner-only when it does not exist yet; an existing folder is the operator's
    // choice and is left as it is.
    public static void EnsureFolder(string folder)
    {
        if (Directory.Exists(folder))
            return;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(folder);
        else
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
    }

    // Creates an empty owner-only file unless one exists; the mode is set at creation, never after.
    public static void EnsureFile(string path)
    {
        if (File.Exists(path))
            return;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnlyFile;
        try
        {
            using var _ = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: theirs stands.
        }
    }

    public static void WriteNew(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnlyFile;
        using var writer = new StreamWriter(new FileStream(path, options));
        writer.Write(text);
    }
}
