using System.Text;
using MailGrains.Mail.Messages;
using MailGrains.Testing;

namespace MailGrains.Mail.Tests.Messages;

/// <summary>
/// Mail content is read in linear time: the inputs that make a backtracking regular expression quadratic
/// (megabytes of unclosed <c>&lt;</c>, unclosed <c>&lt;style&gt;</c>) are digested like any other mail. The
/// deadline is a guard against a hang (the old code took many minutes on these), not a performance figure.
/// </summary>
public sealed class HostileDigestTests
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AnHtmlBodyOfTenMegabytesOfOpenBracketsIsDigested()
    {
        var raw = HostileMessages.HtmlOfOpenBrackets("ten", 10 * 1024 * 1024);

        var digest = await Task.Run(() => MessageDigester.Digest(raw)).WaitAsync(s_hangGuard);

        Assert.Equal(raw.Length, digest.Size);
        Assert.Equal("", digest.Snippet);
    }

    [Fact]
    public async Task ManyUnclosedStyleElementsAreDigested()
    {
        var html = new StringBuilder("<p>Visible text</p>");
        for (var i = 0; i < 200_000; i++)
        {
            html.Append("<style></sty");
        }

        var raw = Encoding.ASCII.GetBytes($"Message-ID: <s@x>\r\nContent-Type: text/html\r\n\r\n{html}\r\n");

        var digest = await Task.Run(() => MessageDigester.Digest(raw)).WaitAsync(s_hangGuard);

        Assert.Equal("Visible text", digest.Snippet);
    }

    [Theory]
    [InlineData("<p>Hello <b>world</b></p>", "Hello world")]
    [InlineData("<style>p { color: red }</style><p>Hi</p>", "Hi")]
    [InlineData("<SCRIPT type=x>alert(1)</SCRIPT>after", "after")]
    [InlineData("<!-- hidden -->shown", "shown")]
    [InlineData("a &amp; b &lt;c&gt;", "a & b <c>")]
    [InlineData("text < with a lone bracket", "text")]
    [InlineData("<stylesheet>kept</stylesheet>", "kept")]
    public void TheSnippetOfAnHtmlOnlyMailIsItsVisibleText(string html, string snippet)
    {
        var raw = Encoding.UTF8.GetBytes($"Message-ID: <h@x>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n");

        Assert.Equal(snippet, MessageDigester.Digest(raw).Snippet);
    }
}
