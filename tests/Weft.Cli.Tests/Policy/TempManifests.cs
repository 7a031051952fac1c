namespace Weft.Cli.Tests.Policy;

/// <summary>A temporary directory of manifest files, deleted on dispose.</summary>
internal sealed class TempManifests : IDisposable
{
    public TempManifests(params (string Name, string Text)[] files)
    {
        Directory.CreateDirectory(Root);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(Root, name), text);
        }
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"weft-policy-cli-{Guid.NewGuid():N}");

    public string PathOf(string name) => Path.Combine(Root, name);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
