namespace Weft.Mesh.Forwarding.Http1;

/// <summary>One header line of a <see cref="Http1Head"/>: offsets of the line, its name and its trimmed value.</summary>
internal readonly record struct HeaderLine(int Start, int Length, int NameLength, int ValueStart, int ValueLength, HeaderKind Kind);
