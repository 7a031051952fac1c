using System.Text.Json;
using Weft.Api.Resources;
using Weft.Policy;

namespace Weft.Cli.Commands.Policy;

/// <summary>The matrix JSON contract of DESIGN.md: <c>{"port":80,"protocol":"TCP","allowed":{"x/a":{"x/a":true,…},…}}</c>.</summary>
internal static class MatrixJson
{
    public static void Write(TextWriter output, PolicyModel model, Protocol protocol, int port, bool[] allowed)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteNumber("port", port);
            json.WriteString("protocol", protocol.ToApiString());
            json.WriteStartObject("allowed");
            var n = model.Pods.Length;
            for (var source = 0; source < n; source++)
            {
                json.WriteStartObject(model.Pods[source].Key);
                for (var destination = 0; destination < n; destination++)
                {
                    json.WriteBoolean(model.Pods[destination].Key, allowed[(source * n) + destination]);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
