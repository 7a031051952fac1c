using System.Text;
using System.Text.Json;

namespace Weft.Cni.Tests.Unit;

internal static class Json
{
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonElement Parse(byte[] utf8) => Parse(Encoding.UTF8.GetString(utf8));
}
