using Weft.Datapath.Linux.Abstractions;

namespace Weft.Local.Tests.Fakes;

/// <summary>A machine with no network namespaces; creating or entering one is a test bug.</summary>
internal sealed class EmptyNetns : INetns
{
    public Task CreateAsync(string name, CancellationToken cancellationToken) => throw new InvalidOperationException($"unexpected netns create {name}");

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => Task.FromResult(false);

    public IReadOnlyList<string> List(string prefix) => [];

    public bool Exists(NetnsRef netns) => false;

    public Task<T> RunInAsync<T>(NetnsRef netns, Func<T> action, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"unexpected netns entry {netns.Path}");
}
