namespace Weft.Local.Tests.Support;

/// <summary>
/// Waits for asynchronous work (a supervisor loop, a server) to reach a state. Not a wait for time to pass: the
/// condition is checked until true, bounded so a broken test fails instead of hanging.
/// </summary>
internal static class Eventually
{
    public static async Task Until(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(5);
        }
    }
}
