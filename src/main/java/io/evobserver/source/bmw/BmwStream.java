package io.evobserver.source.bmw;

import io.evobserver.auth.TokenProvider;

/** A running CarData MQTT stream that merges what it receives into a {@link BmwReadingStore}. */
interface BmwStream extends AutoCloseable {

    @Override
    void close();

    /** Starts a stream for this account. */
    @FunctionalInterface
    interface Factory {
        BmwStream start(BmwConfig config, TokenProvider tokens, BmwReadingStore store);
    }
}
