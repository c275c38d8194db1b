package io.routescale.exporter.naming;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TraefikNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // The two suffixes FORMAT.md quotes from real Traefik output.
            "Host(`whoami.localhost`) && PathPrefix(`/`)|8fe1804f28f11a756ed7",
            "Host(`example.com`)|c6f977443c7bb29d98b0"})
    void hash20MatchesTraefik(String match, String expected) {
        assertEquals(expected, TraefikNames.hash20(match));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "default-myingress-example.com/api|default-myingress-example-com-api",
            "ns_a.b:c  d|ns-a-b-c-d",
            "-lead/trail/|lead-trail",
            "KeepCase|KeepCase",
            "ünï-cødé|ünï-cødé"})
    void normalizeSplitsOnEverythingButLettersAndDigits(String in, String expected) {
        assertEquals(expected, TraefikNames.normalize(in));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "default-myIngressRoute|default-myingressroute",
            "a__b..c|a-b-c",
            "-x-|x",
            "@@@|''"})
    void dnsLabelIsValidForKubernetes(String in, String expected) {
        assertEquals(expected, TraefikNames.dnsLabel(in));
    }

    @org.junit.jupiter.api.Test
    void dnsLabelIsAtMost63Characters() {
        String label = TraefikNames.dnsLabel("a".repeat(62) + "-bbb");
        assertEquals(62, label.length(), "a trailing '-' left by the cut is removed");
        assertEquals(63, TraefikNames.dnsLabel("c".repeat(100)).length());
    }
}
