using System.Globalization;
using Weft.Local.Daemon;

namespace Weft.Cli.Commands.Cluster;

/// <summary>kubectl's derived columns: STATUS (phase or the waiting/terminated reason) and AGE.</summary>
internal static class PodColumns
{
    public static string Status(PodView pod) =>
        pod.Containers.Select(c => c.Reason).FirstOrDefault(r => r is not null and not "Running" and not "Completed")
        ?? pod.Reason
        ?? (pod.Phase == "Succeeded" ? "Completed" : pod.Phase);

    public static string Age(DateTimeOffset created, DateTimeOffset now)
    {
        var age = now - created;
        return age.TotalSeconds < 120 ? $"{(int)age.TotalSeconds}s"
            : age.TotalMinutes < 120 ? $"{(int)age.TotalMinutes}m"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }

    public static string Restarts(PodView pod) => pod.Restarts.ToString(CultureInfo.InvariantCulture);
}
