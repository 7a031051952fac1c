using System.Collections.Immutable;

namespace Weft.Local.Topology;

/// <summary>
/// A batch of iproute2 commands (and optionally <c>bridge</c> commands) run inside one network namespace with
/// <c>ip -n NS -batch -</c>: one process for the whole batch, which keeps cluster creation fast.
/// </summary>
public sealed record NetnsCommands(string Netns, ImmutableArray<string> Ip, ImmutableArray<string> Bridge, ImmutableArray<KeyValuePair<string, string>> Sysctls);
