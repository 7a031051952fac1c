namespace Weft.Local.Processes;

/// <summary>
/// What <c>weft down</c> needs: stop every process a cluster recorded in its state directory (concurrently,
/// SIGTERM then SIGKILL after the grace period), remove the records, and report what happened to each.
/// </summary>
public sealed class RecordedProcessReaper
{
    private readonly ProcessRecordStore _records;
    private readonly ProcessTerminator _terminator;

    public RecordedProcessReaper(ProcessRecordStore records, ProcessTerminator terminator)
    {
        _records = records;
        _terminator = terminator;
    }

    public async Task<IReadOnlyList<(ProcessRecord Record, StopOutcome Outcome)>> StopAllAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var records = _records.LoadAll();
        var outcomes = await Task.WhenAll(records.Select(r => _terminator.StopAsync(r.Identity, grace, cancellationToken)));
        var report = new List<(ProcessRecord, StopOutcome)>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            _records.Remove(records[i].Namespace, records[i].Pod, records[i].Container);
            report.Add((records[i], outcomes[i]));
        }

        return report;
    }
}
