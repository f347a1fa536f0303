using System.Text.Json;
using Microsoft.Extensions.Logging;
using WeGate.Sandbox.Control;

namespace WeGate.Sandbox.Registry;

// The personas kept across restarts (SandboxOptions.PersonaFile, docs/sandbox.md#kept-personas): read once
// at start, written whole after each new persona through a temporary file and a rename, so a crash
// never leaves half a file. A file that cannot be read is moved aside and the sandbox starts without it.
internal sealed class PersonaFile(string path, ILogger logger)
{
    private static readonly JsonSerializerOptions Json = new(SandboxControlJson.Options) { WriteIndented = true };

    private readonly Lock _gate = new();

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public IReadOnlyList<Persona> Load()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        try
        {
            var read = JsonSerializer.Deserialize<List<Persona?>>(File.ReadAllText(Path), Json) ?? [];
            var kept = read.OfType<Persona>().Where(persona => persona.Problem() is null).ToList();
            if (kept.Count < read.Count)
            {
                logger.LogWarning("Skipped {Count} entries of the sandbox's persona file {Path}: a persona needs an id and a phoneCountryCode of 1 to 3 digits.",
                    read.Count - kept.Count, Path);
            }

            return kept;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            var aside = Path + ".unreadable";
            var moved = Try(() => File.Move(Path, aside, overwrite: true));
            logger.LogError("The sandbox's persona file {Path} cannot be read ({Problem}); the sandbox starts with no kept personas. {Where}",
                Path, e.Message, moved ? $"The file was moved to {aside}." : "Fix or delete it.");
            return [];
        }
    }

    public void Save(IReadOnlyList<Persona> personas)
    {
        lock (_gate)
        {
            var temporary = Path + ".tmp";
            var saved = Try(() =>
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                File.WriteAllText(temporary, JsonSerializer.Serialize(personas, Json));
                File.Move(temporary, Path, overwrite: true);
            });
            if (!saved)
            {
                logger.LogError("The sandbox's persona file {Path} cannot be written; new personas last until the sandbox stops.", Path);
            }
        }
    }

    private static bool Try(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
