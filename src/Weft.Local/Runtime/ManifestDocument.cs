namespace Weft.Local.Runtime;

/// <summary>One manifest file's text as the user gave it; kept whole so diagnostics keep file names and lines.</summary>
public sealed record ManifestDocument(string File, string Text);
