using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Weft.Mesh.Hosting;

/// <summary>
/// The sidecar's log: one line per event on a writer (standard output, the container log), "HH:mm:ss.fff level:
/// category[event] message", exceptions on the lines after. Weft's own categories from Information up, the rest
/// (Kestrel, once its fallback server runs) from Warning. Written synchronously: the proxy logs per connection event
/// (refused identities, passthrough, opaque mTLS), never per request.
/// </summary>
public sealed class LineLoggerProvider(TextWriter writer, TimeProvider time) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) =>
        new LineLogger(this, categoryName, categoryName.StartsWith("Microsoft", StringComparison.Ordinal) ? LogLevel.Warning : LogLevel.Information);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class LineLogger(LineLoggerProvider provider, string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var now = provider.TimeNow().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
            var line = $"{now} {Level(logLevel)}: {category}[{eventId.Id}] {formatter(state, exception)}";
            provider.Write(exception is null ? line : line + Environment.NewLine + exception);
        }
    }

    private DateTimeOffset TimeNow() => time.GetLocalNow();
}
