/** Slack IDs shared by the Block Kit builders and the handlers that read them. */
export const ids = {
  logModal: 'log_activity_modal',
  activityBlock: 'log_activity_block',
  activitySelect: 'log_activity_select',
  countBlock: 'log_count_block',
  countInput: 'log_count_input',
  dayBlock: 'log_day_block',
  dayPicker: 'log_day_picker',
  amountBlock: 'log_amount_block',
  amountInput: 'log_amount_input',
  noteBlock: 'log_note_block',
  noteInput: 'log_note_input',
  undoButton: 'log_undo_button',
  /** The two answers to a question about a deal's number (amount or count, total or each). */
  answerFirstButton: 'log_answer_first_button',
  answerSecondButton: 'log_answer_second_button',
  undoneView: 'log_undone_view',
  savedView: 'log_saved_view',
  homeLogButton: 'home_log_button',
  forgetConfirmButton: 'admin_forget_confirm_button',
  forgetCancelButton: 'admin_forget_cancel_button',
} as const;
