import { IconButton, MessageBar, MessageBarType, mergeStyleSets } from '@fluentui/react';
import type { ReactNode } from 'react';

const css = mergeStyleSets({
  row: { position: 'relative' },
  withDismiss: { paddingRight: 28 },
  dismiss: { position: 'absolute', top: 2, right: 2, width: 28, height: 28 },
  action: { marginTop: 6 },
});

export interface MessageProps {
  type: MessageBarType;
  children: ReactNode;
  /** A button under the text ("Thử lại"). */
  action?: ReactNode;
  onDismiss?(): void;
}

/**
 * A Fluent MessageBar whose buttons are its own content. (MessageBar's `actions` and `onDismiss`
 * turn it into an unnamed `region` landmark; with two on screen axe-core reports duplicate
 * landmarks, and a message is no landmark anyway.)
 */
export function Message({ type, children, action, onDismiss }: MessageProps) {
  return (
    <div className={css.row}>
      <MessageBar messageBarType={type} isMultiline className={onDismiss ? css.withDismiss : undefined}>
        {children}
        {action && <div className={css.action}>{action}</div>}
      </MessageBar>
      {onDismiss && (
        <IconButton className={css.dismiss} iconProps={{ iconName: 'Clear' }} title="Đóng thông báo" ariaLabel="Đóng thông báo" onClick={onDismiss} />
      )}
    </div>
  );
}
