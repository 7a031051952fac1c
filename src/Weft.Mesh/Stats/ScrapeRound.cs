namespace Weft.Mesh.Stats;

/// <summary>Every pod's scrape, taken at <see cref="At"/> (the time rates are measured from).</summary>
public sealed record ScrapeRound(DateTimeOffset At, IReadOnlyList<PodScrape> Pods);
