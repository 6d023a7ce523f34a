package io.evobserver.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A YAML configuration file as read, before any checking: the top-level settings (keys are
 * {@code run}'s long options without dashes) and the {@code sources:} list of accounts, each key
 * with the line it stands on. {@code config check} and {@code run/snapshot --config} both read
 * files through here.
 */
record ConfigFile(Path path, List<Setting> settings, List<Account> accounts) {

    /** The key holding the list of accounts. */
    static final String SOURCES = "sources";

    /** One key, where it stands, and its value. */
    record Setting(String key, int line, JsonNode value) {
    }

    /** One entry of {@code sources:}: its line and its keys. */
    record Account(int line, List<Setting> settings) {
    }

    /** Reads the file, adding the one problem that stops reading (if any) to {@code problems}. */
    static ConfigFile read(Path file, List<String> problems) {
        List<Setting> settings = new ArrayList<>();
        List<Account> accounts = new ArrayList<>();
        ConfigFile result = new ConfigFile(file, settings, accounts);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            problems.add("no such file");
            return result;
        } catch (IOException e) {
            problems.add("cannot read: " + e.getMessage());
            return result;
        }
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try (JsonParser p = mapper.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return result; // an empty file sets nothing
            }
            if (first != JsonToken.START_OBJECT) {
                problems.add("line " + line(p.currentLocation()) + ": expected `key: value` lines at the top");
                return result;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = line(p.currentLocation());
                JsonToken value = p.nextToken();
                if (key.equals(SOURCES) && value == JsonToken.START_ARRAY) {
                    settings.add(new Setting(key, line, mapper.getNodeFactory().arrayNode()));
                    readAccounts(p, mapper, accounts, problems);
                    if (!problems.isEmpty()) {
                        return result;
                    }
                } else {
                    settings.add(new Setting(key, line, mapper.readTree(p)));
                }
            }
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage().lines().findFirst().orElse("not YAML");
            problems.add("line " + line(e.getLocation()) + ": not valid YAML (" + message + ")");
        } catch (IOException e) {
            problems.add("cannot read: " + e.getMessage());
        }
        return result;
    }

    private static void readAccounts(JsonParser p, ObjectMapper mapper, List<Account> accounts, List<String> problems)
            throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int line = line(p.currentLocation());
            if (t != JsonToken.START_OBJECT) {
                problems.add("line " + line + ": sources: each entry needs `vehicle: NAME` and its keys");
                return;
            }
            List<Setting> keys = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = line(p.currentLocation());
                p.nextToken();
                keys.add(new Setting(key, keyLine, mapper.readTree(p)));
            }
            accounts.add(new Account(keys.isEmpty() ? line : keys.get(0).line(), keys));
        }
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }
}
