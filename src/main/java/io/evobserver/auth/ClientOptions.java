package io.evobserver.auth;

import io.evobserver.core.ConfigurationException;
import io.evobserver.core.SourceContext;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options that name a source's OAuth client: {@code --NAME-client-id} and, for a client with
 * a secret, {@code --NAME-client-secret}. Declared here once for every source that signs in with
 * such a client, each falling back to its {@code EV_OBSERVER_NAME_*} variable and saying so in
 * its help. A source's options class (or login command) calls {@link #declare} from its picocli
 * {@code @Spec} method.
 */
public final class ClientOptions {

    private final String source;
    private final String idLabel;
    private final String idHelp;
    private final String secretHelp;
    private OptionSpec id;
    private OptionSpec secret;

    /**
     * @param idHelp     what the client id is, without the variable ({@code "Tesla: client id of ..."})
     * @param secretHelp what the secret is, without the variable; null when the source has no secret
     */
    public ClientOptions(String source, String idLabel, String idHelp, String secretHelp) {
        this.source = source;
        this.idLabel = idLabel;
        this.idHelp = idHelp;
        this.secretHelp = secretHelp;
    }

    /**
     * Adds the options to {@code spec} (the source's mixin or login command), ahead of those it
     * has: the client is the first thing a user sets up, so it comes first in the help.
     */
    public void declare(CommandSpec spec) {
        List<OptionSpec> declared = List.copyOf(spec.options());
        declared.forEach(spec::remove);
        id = option("CLIENT_ID", idLabel, idHelp + " Env: " + variable("CLIENT_ID") + ".");
        spec.addOption(id);
        if (secretHelp != null) {
            // the secret's variable is the better place: a flag shows up in the process list
            secret = option("CLIENT_SECRET", "SECRET", secretHelp + " Env: " + variable("CLIENT_SECRET")
                    + " (preferred: a flag shows up in the process list).");
            spec.addOption(secret);
        }
        declared.forEach(spec::addOption);
    }

    /** The client id from the flag or its variable, trimmed; null when neither is set. */
    public String clientId() {
        return value(id, "CLIENT_ID");
    }

    /** The client secret from the flag or its variable, trimmed; null when neither is set. */
    public String clientSecret() {
        return value(secret, "CLIENT_SECRET");
    }

    /**
     * The client id, required.
     *
     * @param forWhat what needs it ({@code "for the Fleet API"})
     * @param hint    where to get one, after the error line's semicolon; null for none
     * @throws ConfigurationException naming the option and its variable when neither is set
     */
    public String requireClientId(String forWhat, String hint) {
        return require(clientId(), "CLIENT_ID", forWhat, hint);
    }

    /** The client secret, required; see {@link #requireClientId}. */
    public String requireClientSecret(String forWhat, String hint) {
        return require(clientSecret(), "CLIENT_SECRET", forWhat, hint);
    }

    private String require(String value, String name, String forWhat, String hint) {
        if (value == null) {
            throw new ConfigurationException(optionName(name) + " is required " + forWhat + " (or set "
                    + variable(name) + ")" + (hint == null ? "" : "; " + hint));
        }
        return value;
    }

    private OptionSpec option(String name, String label, String help) {
        return OptionSpec.builder(optionName(name)).paramLabel(label).type(String.class).description(help).build();
    }

    private String value(OptionSpec option, String name) {
        String given = option == null ? null : option.getValue();
        String value = SourceContext.setting(given, source, name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private String optionName(String name) {
        return "--" + source + "-" + name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private String variable(String name) {
        return "EV_OBSERVER_" + source.toUpperCase(Locale.ROOT) + "_" + name;
    }
}
