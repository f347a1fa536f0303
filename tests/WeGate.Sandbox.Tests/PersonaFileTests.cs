using WeGate.Sandbox.Registry;

namespace WeGate.Sandbox.Tests;

// SandboxOptions.PersonaFile (docs/sandbox.md#kept-personas): personas made at runtime outlive a restart,
// which is a new host over the same directory; an unreadable file never stops the sandbox.
public sealed class PersonaFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wegate-personas-").FullName;

    private string File => Path.Combine(_directory, "sandbox-personas.json");

    [Fact]
    public async Task Personas_made_at_runtime_are_there_after_a_restart_over_the_same_directory()
    {
        await using (var first = await StartAsync(File))
        {
            await first.Control.CreatePersonaAsync(new Persona("mei") { Nickname = "梅 Mei", Phone = "13800138000" });
        }

        await using var second = await StartAsync(File);
        var mei = Assert.Single(await second.Control.ListPersonasAsync());

        Assert.Equal(("梅 Mei", "13800138000"), (mei.Nickname, mei.Phone));
        Assert.Equal(["sandbox-personas.json"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task The_seeding_of_a_restart_replaces_a_kept_persona_once_then_conflicts_as_before()
    {
        await using (var first = await StartAsync(File))
        {
            await first.Control.CreatePersonaAsync(new Persona("xiaoming") { Nickname = "old" });
        }

        await using var second = await StartAsync(File);
        await second.Control.CreatePersonaAsync(new Persona("xiaoming") { Nickname = "小明" });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => second.Control.CreatePersonaAsync(new Persona("xiaoming")));
        Assert.Equal("小明", Assert.Single(await second.Control.ListPersonasAsync()).Nickname);
    }

    [Fact]
    public async Task An_unreadable_persona_file_is_logged_and_moved_aside_and_the_sandbox_starts_with_none()
    {
        await System.IO.File.WriteAllTextAsync(File, "[{\"id\": \"mei\",");

        await using var host = await StartAsync(File);

        Assert.Empty(await host.Control.ListPersonasAsync());
        Assert.Contains(host.Logs.Entries, entry => entry.Contains("cannot be read", StringComparison.Ordinal) && entry.Contains(File, StringComparison.Ordinal));
        Assert.Equal("[{\"id\": \"mei\",", await System.IO.File.ReadAllTextAsync(File + ".unreadable"));
        await host.Control.CreatePersonaAsync(new Persona("lei"));
        Assert.Contains("\"lei\"", await System.IO.File.ReadAllTextAsync(File), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_persona_file_personas_live_in_memory_only()
    {
        await using var host = await StartAsync(null);
        await host.Control.CreatePersonaAsync(new Persona("mei"));

        Assert.Empty(Directory.GetFiles(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<SandboxHost> StartAsync(string? file)
    {
        var host = new FileHost(file);
        await host.InitializeAsync();
        return host;
    }

    private sealed class FileHost(string? file) : SandboxHost
    {
        protected override SandboxOptions Options() => new() { PersonaFile = file };
    }
}
