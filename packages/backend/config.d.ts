export interface Config {
  /** Runway's own settings. */
  runway?: {
    permissions?: {
      /**
       * Entity refs (groups, or single users) that hold each role. A user
       * holds a role when one of these refs is among its ownership refs
       * (its own ref and the groups it is a direct member of). Refs without
       * a kind are groups; without a namespace, `default`.
       */
      roles?: {
        /** Defaults to group:default/team-payments and group:default/team-checkout. */
        developer?: string[];
        /** Defaults to group:default/platform-ops. */
        ops?: string[];
        /** Defaults to group:default/finance. */
        manager?: string[];
      };
    };
    notifications?: {
      /**
       * Notifications by email too: each one goes to its recipient users'
       * catalog `spec.profile.email` through this SMTP server (broadcasts
       * are not emailed). Without this key, notifications are shown in
       * Runway only.
       * @visibility backend
       */
      email?: {
        /**
         * The SMTP server, e.g. `email-smtp.eu-west-1.amazonaws.com` (Amazon
         * SES's SMTP interface).
         * @visibility backend
         */
        host: string;
        /**
         * Defaults to 587 (STARTTLS), or 465 when `secure` is true.
         * @visibility backend
         */
        port?: number;
        /**
         * true: TLS from the start (port 465). false (the default): upgraded
         * with STARTTLS when the server offers it, and refused without it
         * when `username` is set.
         * @visibility backend
         */
        secure?: boolean;
        /**
         * SMTP user name; none for a relay that needs no credentials.
         * @visibility backend
         */
        username?: string;
        /**
         * SMTP password, required with `username`.
         * @visibility secret
         */
        password?: string;
        /**
         * The From address: `runway@example.com` or
         * `Runway <runway@example.com>`.
         * @visibility backend
         */
        sender: string;
        /**
         * The Reply-To address, when replies should reach someone.
         * @visibility backend
         */
        replyTo?: string;
      };
    };
  };
}
