namespace Weft.Mesh.Stats;

/// <summary>
/// One pod as <c>weft stat</c> and <c>weft top</c> see it in one scrape round: where it belongs, whether it runs a
/// proxy, its SPIFFE ID ("" unmeshed) and the text of its proxy's <c>/metrics</c> (null when unmeshed or the proxy
/// did not answer).
/// </summary>
/// <param name="Workload">Its Deployment's name, or the pod's own name for a bare pod.</param>
public sealed record PodScrape(string Namespace, string Pod, string Workload, bool Meshed, string Identity, string? Metrics);
