using Weft.Datapath.Linux.Abstractions;

namespace Weft.Agent.Tests;

/// <summary>An <see cref="INetns"/> that runs actions in the test's own namespace (sockets bind on loopback).</summary>
internal sealed class InPlaceNetns : INetns
{
    public Task CreateAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IReadOnlyList<string> List(string prefix) => [];

    public bool Exists(NetnsRef netns) => true;

    public Task<T> RunInAsync<T>(NetnsRef netns, Func<T> action, CancellationToken cancellationToken) => Task.FromResult(action());
}
