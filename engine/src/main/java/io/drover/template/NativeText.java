package io.drover.template;

/**
 * Text from a filter whose output Ansible never converts back into data ({@code to_json}, {@code to_yaml},
 * {@code string}...): a template consisting of just such a filter call stays a string even if it reads as a dict.
 */
record NativeText(String text) implements CharSequence {
    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
