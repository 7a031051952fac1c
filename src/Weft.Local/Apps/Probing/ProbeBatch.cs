using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace Weft.Local.Apps.Probing;

/// <summary>
/// <c>weft app probe-many</c>: loads a JSON list of targets, validating every entry first (all problems reported as
/// <c>file:line:column: [i].field: message</c>), then probes them concurrently in one process.
/// </summary>
public static class ProbeBatch
{
    /// <summary>Parses a targets file; returns every problem found, or the requests when there are none.</summary>
    public static bool TryLoad(string fileName, ReadOnlySpan<byte> json, TimeSpan defaultTimeout, out ImmutableArray<ProbeRequest> requests, out ImmutableArray<string> errors)
    {
        var found = ImmutableArray.CreateBuilder<ProbeRequest>();
        var problems = ImmutableArray.CreateBuilder<string>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                problems.Add($"{fileName}:1:1: expected a JSON array of targets");
            }
            else
            {
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var where = Position(fileName, json, reader.TokenStartIndex);
                    var spec = reader.TokenType == JsonTokenType.StartObject
                        ? JsonSerializer.Deserialize(ref reader, ProbeJsonContext.Default.ProbeTargetSpec)
                        : null;
                    if (spec is null)
                    {
                        problems.Add($"{where}: [{index}]: expected an object");
                        reader.Skip();
                    }
                    else if (TryConvert(spec, defaultTimeout, out var request, out var field, out var message))
                    {
                        found.Add(request!);
                    }
                    else
                    {
                        problems.Add($"{where}: [{index}].{field}: {message}");
                    }

                    index++;
                }
            }
        }
        catch (JsonException ex)
        {
            problems.Add($"{fileName}:{(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}: {ex.Message}");
        }

        errors = problems.ToImmutable();
        requests = errors.IsEmpty ? found.ToImmutable() : [];
        return errors.IsEmpty;
    }

    /// <summary>
    /// Probes every request with at most <paramref name="parallelism"/> in flight and hands results to
    /// <paramref name="onResult"/> in input order, each as soon as it and all before it are done.
    /// </summary>
    public static async Task RunAsync(Prober prober, IReadOnlyList<ProbeRequest> requests, int parallelism, Action<ProbeResult> onResult, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, parallelism));
        var tasks = new Task<ProbeResult>[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            tasks[i] = Task.Run(async () =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    return await prober.RunAsync(request, cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }, cancellationToken);
        }

        foreach (var task in tasks)
        {
            onResult(await task);
        }
    }

    private static bool TryConvert(ProbeTargetSpec spec, TimeSpan defaultTimeout, out ProbeRequest? request, out string field, out string message)
    {
        request = null;
        if (spec.Protocol is null || !ProbeInput.TryParseProtocol(spec.Protocol, out var protocol))
        {
            (field, message) = ("protocol", "must be tcp, udp or http");
            return false;
        }

        if (spec.Target is null)
        {
            (field, message) = ("target", "required (HOST:PORT)");
            return false;
        }

        if (!ProbeInput.TryParseTarget(spec.Target, out var host, out var port, out var path, out var targetError))
        {
            (field, message) = ("target", targetError!);
            return false;
        }

        var timeout = defaultTimeout;
        if (spec.Timeout is not null && !ProbeInput.TryParseDuration(spec.Timeout, out timeout))
        {
            (field, message) = ("timeout", $"'{spec.Timeout}' is not a duration (for example 1s or 500ms)");
            return false;
        }

        request = new ProbeRequest
        {
            Protocol = protocol,
            Host = host,
            Port = port,
            Path = path,
            Timeout = timeout,
            Expect = spec.Expect,
            Send = spec.Send,
            Id = spec.Id,
        };
        (field, message) = ("", "");
        return true;
    }

    private static string Position(string fileName, ReadOnlySpan<byte> json, long offset)
    {
        var before = json[..(int)offset];
        var line = before.Count((byte)'\n') + 1;
        var lastNewline = before.LastIndexOf((byte)'\n');
        var column = Encoding.UTF8.GetCharCount(before[(lastNewline + 1)..]) + 1;
        return $"{fileName}:{line}:{column}";
    }
}
