using System.Runtime.CompilerServices;
using Weft.Flows.Query;

namespace Weft.Local.Daemon;

/// <summary><c>weft observe</c>'s flow source in local mode: the daemon's flow API over the cluster's Unix socket.</summary>
public sealed class DaemonFlowQueryClient(DaemonClient daemon) : IFlowQueryClient
{
    public async IAsyncEnumerable<FlowStreamItem> ObserveAsync(FlowQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await daemon.GetStreamingAsync(FlowWire.Path + FlowWire.ToQueryString(query), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidDataException($"GET /{FlowWire.Path} answered {(int)response.StatusCode}: {body.Trim()}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0 && FlowWire.Parse(line) is { } item)
            {
                yield return item;
            }
        }
    }
}
