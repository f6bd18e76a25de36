using PoaPlatform.Domain.Model;

namespace PoaPlatform.Domain.Tests;

public class SlugTests
{
    [Theory]
    [InlineData("Secretaría Particular", "secretaria-particular")]
    [InlineData("  DESPACHO  Presidencia ", "despacho-presidencia")]
    [InlineData("Dirección de Obras Públicas / Zona 3", "direccion-de-obras-publicas-zona-3")]
    public void SlugIsLowerCaseWithoutAccentsJoinedByHyphens(string name, string slug) => Assert.Equal(slug, Slugs.From(name));
}
