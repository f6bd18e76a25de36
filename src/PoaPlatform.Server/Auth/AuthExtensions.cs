using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using PoaPlatform.Auth;

namespace PoaPlatform.Server.Auth;

public static class AuthExtensions
{
    /// <summary>JWT bearer tokens signed with the configured key or the development key of the data directory.</summary>
    public static IHostApplicationBuilder AddPoaAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                options.DataDirectory = configuration["Storage:DataDirectory"] is { Length: > 0 } directory ? directory : options.DataDirectory)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
            return string.IsNullOrWhiteSpace(options.SigningKey)
                ? DevelopmentSigningKey.LoadOrCreate(options.DataDirectory)
                : DevelopmentSigningKey.FromBase64(options.SigningKey);
        });
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SymmetricSecurityKey>((jwt, key) =>
            {
                // Keep the token's claim names (sub, role, department) instead of the WS-* URIs.
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = PoaClaims.Issuer,
                    ValidAudience = PoaClaims.Audience,
                    IssuerSigningKey = key,
                    NameClaimType = PoaClaims.Name,
                    RoleClaimType = PoaClaims.Role,
                    ClockSkew = TimeSpan.FromMinutes(1),
                };
            });
        builder.Services.AddSingleton<PoaAuthorization>();
        return builder;
    }
}
