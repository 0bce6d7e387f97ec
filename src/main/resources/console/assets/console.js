// The console's only script, loaded from the jar (the content security policy allows no other, and no inline
// script). Every page works without it but for the copy button, the confirmation dialogs and reading a file.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
	// Copy: the text of the element the button names, with the clipboard API or, where the page may not use it,
	// by selecting the text for the operator to copy.
	document.querySelectorAll('[data-copy]').forEach((button) => {
		button.addEventListener('click', async () => {
			const source = document.getElementById(button.dataset.copy);
			const status = document.getElementById('copy-status');
			if (!source) {
				return;
			}
			try {
				await navigator.clipboard.writeText(source.textContent);
				if (status) {
					status.textContent = 'Copied.';
				}
			}
			catch (error) {
				const range = document.createRange();
				range.selectNodeContents(source);
				const selection = window.getSelection();
				selection.removeAllRanges();
				selection.addRange(range);
				if (status) {
					status.textContent = 'Selected: press Ctrl+C (or \u2318C) to copy.';
				}
			}
		});
	});

	// Dialogs: a modal <dialog> keeps the focus inside until it closes, and Escape closes it; the focus then
	// goes back to the button that opened it.
	document.querySelectorAll('[data-dialog]').forEach((button) => {
		const dialog = document.getElementById(button.dataset.dialog);
		if (!dialog || typeof dialog.showModal !== 'function') {
			return;
		}
		button.addEventListener('click', () => dialog.showModal());
		dialog.addEventListener('close', () => button.focus());
		// the browser lets Tab leave a modal dialog for its own toolbar; the console keeps it in the dialog
		dialog.addEventListener('keydown', (event) => {
			if (event.key !== 'Tab') {
				return;
			}
			const focusable = Array.from(dialog.querySelectorAll('button, [href], input, select, textarea'))
				.filter((element) => !element.disabled);
			if (focusable.length === 0) {
				return;
			}
			const first = focusable[0];
			const last = focusable[focusable.length - 1];
			if (event.shiftKey && document.activeElement === first) {
				event.preventDefault();
				last.focus();
			}
			else if (!event.shiftKey && document.activeElement === last) {
				event.preventDefault();
				first.focus();
			}
		});
	});
	document.querySelectorAll('dialog [data-close]').forEach((button) => {
		button.addEventListener('click', () => button.closest('dialog').close());
	});

	// An auth.json file: read in the page into the text field the form sends.
	document.querySelectorAll('input[type=file][data-read-into]').forEach((input) => {
		input.addEventListener('change', () => {
			const target = document.getElementById(input.dataset.readInto);
			const file = input.files && input.files[0];
			if (!target || !file) {
				return;
			}
			file.text().then((text) => {
				target.value = text;
			});
		});
	});
});
