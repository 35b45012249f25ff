package io.dotmac.customers;

/**
 * The fields a client sends to create ({@code name} and {@code email} required) or change (every field optional)
 * a customer; {@code status} only on change, {@code ACTIVE} or {@code SUSPENDED}.
 */
public record CustomerInput(String name, String email, String phone, String serviceAddress, String status) {
}
