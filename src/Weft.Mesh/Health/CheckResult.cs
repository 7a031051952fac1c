namespace Weft.Mesh.Health;

/// <summary>One line of <c>weft check</c>: what was checked, whether it passed, and the detail that explains it.</summary>
public sealed record CheckResult(bool Ok, string Text);
