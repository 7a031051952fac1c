using System.Text.Json;
using Weft.Local.Daemon;
using Weft.Cli.Commands.Cluster;
using Weft.Mesh.Health;
using Weft.Mesh.Stats;

namespace Weft.Cli.Commands.Mesh;

/// <summary>
/// The mesh side of a running local cluster's daemon for <c>weft stat|top|check</c>: scrape rounds and check
/// results as JSON (the daemon reads the proxies' admin ports inside the pods; the arithmetic happens here).
/// </summary>
internal sealed class MeshDaemon(DaemonClient client) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The client of a running cluster, or null after printing why it is not reachable.</summary>
    public static async Task<MeshDaemon?> ConnectAsync(string command, string cluster, CancellationToken cancellationToken)
    {
        var client = await RunningCluster.ConnectAsync(command, cluster, Console.Error, cancellationToken);
        return client is null ? null : new MeshDaemon(client);
    }

    public async Task<ScrapeRound> ScrapeAsync(string? ns, CancellationToken cancellationToken)
    {
        var query = ns is null ? "/v1/mesh/scrape" : $"/v1/mesh/scrape?ns={Uri.EscapeDataString(ns)}";
        return Parse<ScrapeRound>(await client.GetTextAsync(query, cancellationToken));
    }

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken) =>
        Parse<List<CheckResult>>(await client.GetTextAsync("/v1/mesh/check", cancellationToken));

    /// <summary>Two rounds <paramref name="window"/> apart; rates are over the time between them.</summary>
    public async Task<(ScrapeRound Before, ScrapeRound After)> TwoRoundsAsync(string? ns, TimeSpan window, CancellationToken cancellationToken)
    {
        var before = await ScrapeAsync(ns, cancellationToken);
        await Task.Delay(window, TimeProvider.System, cancellationToken);
        return (before, await ScrapeAsync(ns, cancellationToken));
    }

    public void Dispose() => client.Dispose();

    /// <summary>The checks <c>weft stat</c> and <c>weft top</c> share: a measuring window in range and a known output format.</summary>
    public static void CheckWindowAndFormat(string option, double seconds, string? format, List<string> errors)
    {
        if (seconds is < 0.2 or > 600) errors.Add($"{option}: {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} must be between 0.2 and 600 seconds");
        if (format is not ("table" or "json")) errors.Add($"--output: '{format}' must be table or json");
    }

    private static T Parse<T>((bool Success, string Text) response) =>
        response.Success
            ? JsonSerializer.Deserialize<T>(response.Text, Json) ?? throw new InvalidDataException("empty answer from the daemon")
            : throw new InvalidDataException($"the daemon refused: {response.Text}");
}
