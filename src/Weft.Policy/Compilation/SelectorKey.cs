using System.Text;
using Weft.Api.Selectors;

namespace Weft.Policy.Compilation;

/// <summary>
/// A canonical string for a label selector, used as the selector cache's key: ordinal string hashing spreads
/// selectors that share a label key (for example a thousand <c>kubernetes.io/metadata.name=…</c> selectors)
/// evenly, and equality is one string compare.
/// </summary>
internal static class SelectorKey
{
    public static string Of(LabelSelector selector)
    {
        if (selector.IsEmpty)
        {
            return "";
        }

        var key = new StringBuilder();
        foreach (var (name, value) in selector.MatchLabels)
        {
            key.Append(name).Append('\u0001').Append(value).Append('\u0002');
        }

        foreach (var requirement in selector.MatchExpressions)
        {
            key.Append('\u0003').Append(requirement.Key).Append('\u0001').Append((int)requirement.Operator);
            foreach (var value in requirement.Values)
            {
                key.Append('\u0001').Append(value);
            }

            key.Append('\u0002');
        }

        return key.ToString();
    }
}
