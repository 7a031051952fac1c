using System.Text;
using Weft.Local.Apps.Probing;

namespace Weft.Local.Tests.Apps;

public sealed class HttpReplyTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab", false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", true)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", false)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", true)]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n", false)]
    [InlineData("HTTP/1.0 200 OK\r\n\r\nuntil close", false)]
    public void IsComplete_FollowsMessageFraming(string response, bool complete)
    {
        HttpReply.IsComplete(Encoding.ASCII.GetBytes(response)).ShouldBe(complete);
    }

    [Fact]
    public void TryParse_ChunkedBody_IsDechunked()
    {
        HttpReply.TryParse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", out var status, out var body).ShouldBeTrue();

        (status, body).ShouldBe((200, "abcde"));
    }
}
