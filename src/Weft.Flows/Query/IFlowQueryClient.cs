namespace Weft.Flows.Query;

/// <summary>
/// Where <c>weft observe</c> reads flows from. Hosts choose the transport (the control plane over HTTP/2,
/// or <see cref="Store.FlowStoreQueryClient"/> in process).
/// </summary>
public interface IFlowQueryClient
{
    /// <summary>
    /// Streams the matching retained flows, oldest first (the last <see cref="FlowQuery.Last"/> of them), and
    /// with <see cref="FlowQuery.Follow"/> every new matching flow until <paramref name="cancellationToken"/> fires.
    /// </summary>
    IAsyncEnumerable<FlowStreamItem> ObserveAsync(FlowQuery query, CancellationToken cancellationToken);
}
