using System.Text.Json;
using Weft.Api.Resources;

namespace Weft.Cli.Commands.Policy;

/// <summary>The matrix JSON contract of DESIGN.md: <c>{"port":80,"protocol":"TCP","allowed":{"x/a":{"x/a":true,…},…}}</c>.</summary>
internal static class MatrixJson
{
    public static void Write(TextWriter output, IReadOnlyList<string> pods, Protocol protocol, int port, bool[] allowed)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteNumber("port", port);
            json.WriteString("protocol", protocol.ToApiString());
            json.WriteStartObject("allowed");
            var n = pods.Count;
            for (var source = 0; source < n; source++)
            {
                json.WriteStartObject(pods[source]);
                for (var destination = 0; destination < n; destination++)
                {
                    json.WriteBoolean(pods[destination], allowed[(source * n) + destination]);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
