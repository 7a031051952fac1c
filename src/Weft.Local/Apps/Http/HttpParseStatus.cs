namespace Weft.Local.Apps.Http;

internal enum HttpParseStatus
{
    /// <summary>A complete head was read.</summary>
    Complete,

    /// <summary>More bytes are needed.</summary>
    Incomplete,

    /// <summary>The bytes are not an HTTP/1.x request head; answer 400 and close.</summary>
    Invalid,

    /// <summary>The head exceeds the size limit; answer 431 and close.</summary>
    TooLarge,
}
