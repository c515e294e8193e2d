package io.drover.inventory;

/**
 * Why one inventory source could not be parsed. Never reaches users as an error: the loader turns it into a
 * warning and skips the source, as Ansible does.
 */
final class InventoryParseException extends RuntimeException {
    InventoryParseException(String message) {
        super(message, null, false, false);
    }
}
