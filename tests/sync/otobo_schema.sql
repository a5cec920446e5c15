-- The subset of an OTOBO database that `cuic sync otobo` reads, as OTOBO's PostgreSQL driver
-- creates it from scripts/database/otobo-schema.xml (RotherOSS/otobo): the same tables,
-- column names and types (DATE is timestamp(0), LONGBLOB is TEXT, AutoIncrement is
-- serial/bigserial), the unique keys and indexes; the foreign keys are left out. Then the
-- rows of scripts/database/otobo-initial_insert.xml for these tables: valid ids, state
-- types, states, lock types, priorities, the ticket type, the history types, the default
-- groups, root@localhost and the default queues. OTOBO writes `current_timestamp` as the
-- time of the statement; here it is a fixed moment.

CREATE TABLE valid (
    id serial NOT NULL,
    name VARCHAR (191) NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT valid_name UNIQUE (name)
);
CREATE TABLE ticket_state_type (
    id serial NOT NULL,
    name VARCHAR (191) NOT NULL,
    comments VARCHAR (250) NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT ticket_state_type_name UNIQUE (name)
);
CREATE TABLE ticket_state (
    id serial NOT NULL,
    name VARCHAR (191) NOT NULL,
    comments VARCHAR (250) NULL,
    type_id SMALLINT NOT NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT ticket_state_name UNIQUE (name)
);
CREATE TABLE ticket_lock_type (
    id serial NOT NULL,
    name VARCHAR (191) NOT NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT ticket_lock_type_name UNIQUE (name)
);
CREATE TABLE ticket_priority (
    id serial NOT NULL,
    name VARCHAR (191) NOT NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT ticket_priority_name UNIQUE (name)
);
CREATE TABLE ticket_type (
    id serial NOT NULL,
    name VARCHAR (191) NOT NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT ticket_type_name UNIQUE (name)
);
CREATE TABLE service (
    id serial NOT NULL,
    name VARCHAR (191) NOT NULL,
    valid_id SMALLINT NOT NULL,
    comments VARCHAR (250) NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT service_name UNIQUE (name)
);
CREATE TABLE groups_table (
    id serial NOT NULL,
    name VARCHAR (191) NOT NULL,
    comments VARCHAR (250) NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT groups_name UNIQUE (name)
);
CREATE TABLE users (
    id serial NOT NULL,
    login VARCHAR (191) NOT NULL,
    pw VARCHAR (128) NOT NULL,
    title VARCHAR (50) NULL,
    first_name VARCHAR (100) NOT NULL,
    last_name VARCHAR (100) NOT NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT users_login UNIQUE (login)
);
CREATE TABLE user_preferences (
    user_id INTEGER NOT NULL,
    preferences_key VARCHAR (150) NOT NULL,
    preferences_value TEXT NULL
);
CREATE INDEX user_preferences_user_id ON user_preferences (user_id);
CREATE TABLE roles (
    id serial NOT NULL,
    name VARCHAR (191) NOT NULL,
    comments VARCHAR (250) NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT roles_name UNIQUE (name)
);
CREATE TABLE role_user (
    user_id INTEGER NOT NULL,
    role_id INTEGER NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL
);
CREATE INDEX role_user_user_id ON role_user (user_id);
CREATE INDEX role_user_role_id ON role_user (role_id);
CREATE TABLE group_user (
    user_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    permission_key VARCHAR (20) NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL
);
CREATE INDEX group_user_user_id ON group_user (user_id);
CREATE INDEX group_user_group_id ON group_user (group_id);
CREATE TABLE group_role (
    role_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    permission_key VARCHAR (20) NOT NULL,
    permission_value SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL
);
CREATE INDEX group_role_role_id ON group_role (role_id);
CREATE INDEX group_role_group_id ON group_role (group_id);
CREATE TABLE queue (
    id serial NOT NULL,
    name VARCHAR (191) NOT NULL,
    group_id INTEGER NOT NULL,
    unlock_timeout INTEGER NULL,
    first_response_time INTEGER NULL,
    first_response_notify SMALLINT NULL,
    update_time INTEGER NULL,
    update_notify SMALLINT NULL,
    solution_time INTEGER NULL,
    solution_notify SMALLINT NULL,
    system_address_id SMALLINT NOT NULL,
    calendar_name VARCHAR (100) NULL,
    default_sign_key VARCHAR (100) NULL,
    salutation_id SMALLINT NOT NULL,
    signature_id SMALLINT NOT NULL,
    follow_up_id SMALLINT NOT NULL,
    follow_up_lock SMALLINT NOT NULL,
    comments VARCHAR (250) NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT queue_name UNIQUE (name)
);
CREATE INDEX queue_group_id ON queue (group_id);
CREATE TABLE personal_queues (
    user_id INTEGER NOT NULL,
    queue_id INTEGER NOT NULL
);
CREATE INDEX personal_queues_user_id ON personal_queues (user_id);
CREATE INDEX personal_queues_queue_id ON personal_queues (queue_id);
CREATE TABLE customer_company (
    customer_id VARCHAR (150) NOT NULL,
    name VARCHAR (191) NOT NULL,
    street VARCHAR (200) NULL,
    zip VARCHAR (200) NULL,
    city VARCHAR (200) NULL,
    country VARCHAR (200) NULL,
    url VARCHAR (200) NULL,
    comments VARCHAR (250) NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(customer_id),
    CONSTRAINT customer_company_name UNIQUE (name)
);
CREATE TABLE customer_user (
    id serial NOT NULL,
    login VARCHAR (191) NOT NULL,
    email VARCHAR (150) NOT NULL,
    customer_id VARCHAR (150) NOT NULL,
    pw VARCHAR (128) NULL,
    title VARCHAR (50) NULL,
    first_name VARCHAR (100) NOT NULL,
    last_name VARCHAR (100) NOT NULL,
    phone VARCHAR (150) NULL,
    fax VARCHAR (150) NULL,
    mobile VARCHAR (150) NULL,
    street VARCHAR (150) NULL,
    zip VARCHAR (200) NULL,
    city VARCHAR (200) NULL,
    country VARCHAR (200) NULL,
    comments VARCHAR (250) NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT customer_user_login UNIQUE (login)
);
CREATE TABLE customer_user_customer (
    user_id VARCHAR (100) NOT NULL,
    customer_id VARCHAR (150) NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL
);
CREATE INDEX customer_user_customer_user_id ON customer_user_customer (user_id);
CREATE INDEX customer_user_customer_customer_id ON customer_user_customer (customer_id);
CREATE TABLE ticket (
    id bigserial NOT NULL,
    tn VARCHAR (50) NOT NULL,
    title VARCHAR (191) NULL,
    queue_id INTEGER NOT NULL,
    ticket_lock_id SMALLINT NOT NULL,
    type_id SMALLINT NULL,
    service_id INTEGER NULL,
    sla_id INTEGER NULL,
    user_id INTEGER NOT NULL,
    responsible_user_id INTEGER NOT NULL,
    ticket_priority_id SMALLINT NOT NULL,
    ticket_state_id SMALLINT NOT NULL,
    customer_id VARCHAR (150) NULL,
    customer_user_id VARCHAR (191) NULL,
    timeout INTEGER NOT NULL,
    until_time INTEGER NOT NULL,
    escalation_time INTEGER NOT NULL,
    escalation_update_time INTEGER NOT NULL,
    escalation_response_time INTEGER NOT NULL,
    escalation_solution_time INTEGER NOT NULL,
    archive_flag SMALLINT NOT NULL DEFAULT 0,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT ticket_tn UNIQUE (tn)
);
CREATE INDEX ticket_title ON ticket (title);
CREATE INDEX ticket_customer_user_id ON ticket (customer_user_id);
CREATE INDEX ticket_customer_id ON ticket (customer_id);
CREATE INDEX ticket_queue_id ON ticket (queue_id);
CREATE INDEX ticket_ticket_lock_id ON ticket (ticket_lock_id);
CREATE INDEX ticket_queue_view ON ticket (ticket_state_id, ticket_lock_id);
CREATE INDEX ticket_type_id ON ticket (type_id);
CREATE INDEX ticket_user_id ON ticket (user_id);
CREATE INDEX ticket_responsible_user_id ON ticket (responsible_user_id);
CREATE INDEX ticket_ticket_state_id ON ticket (ticket_state_id);
CREATE INDEX ticket_ticket_priority_id ON ticket (ticket_priority_id);
CREATE INDEX ticket_escalation_time ON ticket (escalation_time);
CREATE INDEX ticket_escalation_update_time ON ticket (escalation_update_time);
CREATE INDEX ticket_escalation_response_time ON ticket (escalation_response_time);
CREATE INDEX ticket_escalation_solution_time ON ticket (escalation_solution_time);
CREATE INDEX ticket_create_time ON ticket (create_time);
CREATE INDEX ticket_until_time ON ticket (until_time);
CREATE INDEX ticket_timeout ON ticket (timeout);
CREATE INDEX ticket_archive_flag ON ticket (archive_flag);
CREATE TABLE ticket_history_type (
    id serial NOT NULL,
    name VARCHAR (191) NOT NULL,
    comments VARCHAR (250) NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT ticket_history_type_name UNIQUE (name)
);
CREATE TABLE ticket_history (
    id bigserial NOT NULL,
    name VARCHAR (200) NOT NULL,
    history_type_id SMALLINT NOT NULL,
    ticket_id BIGINT NOT NULL,
    article_id BIGINT NULL,
    type_id SMALLINT NOT NULL,
    queue_id INTEGER NOT NULL,
    owner_id INTEGER NOT NULL,
    priority_id SMALLINT NOT NULL,
    state_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id)
);
CREATE INDEX ticket_history_ticket_id ON ticket_history (ticket_id);
CREATE INDEX ticket_history_article_id ON ticket_history (article_id);
CREATE INDEX ticket_history_history_type_id ON ticket_history (history_type_id);
CREATE INDEX ticket_history_queue_id ON ticket_history (queue_id);
CREATE INDEX ticket_history_type_id ON ticket_history (type_id);
CREATE INDEX ticket_history_owner_id ON ticket_history (owner_id);
CREATE INDEX ticket_history_priority_id ON ticket_history (priority_id);
CREATE INDEX ticket_history_state_id ON ticket_history (state_id);
CREATE INDEX ticket_history_create_time ON ticket_history (create_time);
CREATE TABLE ticket_watcher (
    ticket_id BIGINT NOT NULL,
    user_id INTEGER NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL
);
CREATE INDEX ticket_watcher_ticket_id ON ticket_watcher (ticket_id);
CREATE INDEX ticket_watcher_user_id ON ticket_watcher (user_id);
CREATE TABLE dynamic_field (
    id serial NOT NULL,
    internal_field SMALLINT NOT NULL DEFAULT 0,
    name VARCHAR (191) NOT NULL,
    label VARCHAR (200) NOT NULL,
    field_order INTEGER NOT NULL,
    field_type VARCHAR (200) NOT NULL,
    object_type VARCHAR (100) NOT NULL,
    config TEXT NULL,
    valid_id SMALLINT NOT NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id),
    CONSTRAINT dynamic_field_name UNIQUE (name)
);
CREATE TABLE dynamic_field_value (
    id bigserial NOT NULL,
    field_id INTEGER NOT NULL,
    object_id BIGINT NOT NULL,
    value_text VARCHAR (3800) NULL,
    value_date timestamp(0) NULL,
    value_int BIGINT NULL,
    index_value SMALLINT NULL,
    index_set SMALLINT NULL,
    PRIMARY KEY(id)
);
CREATE INDEX dynamic_field_value_search_text ON dynamic_field_value (field_id, value_text);
CREATE INDEX dynamic_field_value_search_date ON dynamic_field_value (field_id, value_date);
CREATE INDEX dynamic_field_value_search_int ON dynamic_field_value (field_id, value_int);
CREATE INDEX dynamic_field_value_field_values ON dynamic_field_value (object_id, field_id);
CREATE TABLE xml_storage (
    xml_type VARCHAR (200) NOT NULL,
    xml_key VARCHAR (250) NOT NULL,
    xml_content_key VARCHAR (250) NOT NULL,
    xml_content_value VARCHAR NULL
);
CREATE INDEX xml_storage_key_type ON xml_storage (xml_key, xml_type);
CREATE INDEX xml_storage_xml_content_key ON xml_storage (xml_content_key);

-- scripts/database/otobo-initial_insert.xml
INSERT INTO valid (id, name, create_by, create_time, change_by, change_time) VALUES (1, 'valid', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO valid (id, name, create_by, create_time, change_by, change_time) VALUES (2, 'invalid', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO valid (id, name, create_by, create_time, change_by, change_time) VALUES (3, 'invalid-temporarily', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state_type (id, name, comments, create_by, create_time, change_by, change_time) VALUES (1, 'new', 'All new state types (default: viewable).', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state_type (id, name, comments, create_by, create_time, change_by, change_time) VALUES (2, 'open', 'All open state types (default: viewable).', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state_type (id, name, comments, create_by, create_time, change_by, change_time) VALUES (3, 'closed', 'All closed state types (default: not viewable).', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state_type (id, name, comments, create_by, create_time, change_by, change_time) VALUES (4, 'pending reminder', 'All ''pending reminder'' state types (default: viewable).', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state_type (id, name, comments, create_by, create_time, change_by, change_time) VALUES (5, 'pending auto', 'All ''pending auto *'' state types (default: viewable).', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state_type (id, name, comments, create_by, create_time, change_by, change_time) VALUES (6, 'removed', 'All ''removed'' state types (default: not viewable).', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state_type (id, name, comments, create_by, create_time, change_by, change_time) VALUES (7, 'merged', 'State type for merged tickets (default: not viewable).', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state (id, name, comments, type_id, valid_id, create_by, create_time, change_by, change_time) VALUES (1, 'new', 'New ticket created by customer.', 1, 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state (id, name, comments, type_id, valid_id, create_by, create_time, change_by, change_time) VALUES (2, 'closed successful', 'Ticket is closed successful.', 3, 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state (id, name, comments, type_id, valid_id, create_by, create_time, change_by, change_time) VALUES (3, 'closed unsuccessful', 'Ticket is closed unsuccessful.', 3, 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state (id, name, comments, type_id, valid_id, create_by, create_time, change_by, change_time) VALUES (4, 'open', 'Open tickets.', 2, 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state (id, name, comments, type_id, valid_id, create_by, create_time, change_by, change_time) VALUES (5, 'removed', 'Customer removed ticket.', 6, 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state (id, name, comments, type_id, valid_id, create_by, create_time, change_by, change_time) VALUES (6, 'pending reminder', 'Ticket is pending for agent reminder.', 4, 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state (id, name, comments, type_id, valid_id, create_by, create_time, change_by, change_time) VALUES (7, 'pending auto close+', 'Ticket is pending for automatic close.', 5, 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state (id, name, comments, type_id, valid_id, create_by, create_time, change_by, change_time) VALUES (8, 'pending auto close-', 'Ticket is pending for automatic close.', 5, 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_state (id, name, comments, type_id, valid_id, create_by, create_time, change_by, change_time) VALUES (9, 'merged', 'State for merged tickets.', 7, 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_lock_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (1, 'unlock', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_lock_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (2, 'lock', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_lock_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (3, 'tmp_lock', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_priority (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (1, '1 very low', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_priority (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (2, '2 low', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_priority (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (3, '3 normal', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_priority (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (4, '4 high', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_priority (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (5, '5 very high', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (1, 'Unclassified', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (1, 'NewTicket', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (2, 'FollowUp', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (3, 'SendAutoReject', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (4, 'SendAutoReply', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (5, 'SendAutoFollowUp', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (6, 'Forward', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (7, 'Bounce', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (8, 'SendAnswer', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (9, 'SendAgentNotification', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (10, 'SendCustomerNotification', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (11, 'EmailAgent', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (12, 'EmailCustomer', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (13, 'PhoneCallAgent', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (14, 'PhoneCallCustomer', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (15, 'AddNote', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (16, 'Move', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (17, 'Lock', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (18, 'Unlock', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (19, 'Remove', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (20, 'TimeAccounting', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (21, 'CustomerUpdate', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (22, 'PriorityUpdate', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (23, 'OwnerUpdate', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (24, 'LoopProtection', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (25, 'Misc', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (26, 'SetPendingTime', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (27, 'StateUpdate', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (28, 'TicketDynamicFieldUpdate', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (29, 'WebRequestCustomer', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (30, 'TicketLinkAdd', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (31, 'TicketLinkDelete', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (32, 'SystemRequest', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (33, 'Merged', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (34, 'ResponsibleUpdate', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (35, 'Subscribe', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (36, 'Unsubscribe', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (37, 'TypeUpdate', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (38, 'ServiceUpdate', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (39, 'SLAUpdate', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (40, 'ArchiveFlagUpdate', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (41, 'EscalationSolutionTimeStop', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (42, 'EscalationResponseTimeStart', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (43, 'EscalationUpdateTimeStart', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (44, 'EscalationSolutionTimeStart', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (45, 'EscalationResponseTimeNotifyBefore', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (46, 'EscalationUpdateTimeNotifyBefore', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (47, 'EscalationSolutionTimeNotifyBefore', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (48, 'EscalationResponseTimeStop', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (49, 'EscalationUpdateTimeStop', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (50, 'TitleUpdate', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_by, create_time, change_by, change_time) VALUES (51, 'EmailResend', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO ticket_history_type (id, name, valid_id, create_time, create_by, change_time, change_by) VALUES (52, 'ArticleDynamicFieldUpdate', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00', 1);
INSERT INTO ticket_history_type (id, name, valid_id, create_time, create_by, change_time, change_by) VALUES (53, 'ArticleEdit', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00', 1);
INSERT INTO ticket_history_type (id, name, valid_id, create_time, create_by, change_time, change_by) VALUES (54, 'ArticleRestore', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00', 1);
INSERT INTO ticket_history_type (id, name, valid_id, create_time, create_by, change_time, change_by) VALUES (55, 'ArticleDelete', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00', 1);
INSERT INTO groups_table (id, name, comments, valid_id, create_by, create_time, change_by, change_time) VALUES (1, 'users', 'Group for default access.', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO groups_table (id, name, comments, valid_id, create_by, create_time, change_by, change_time) VALUES (2, 'admin', 'Group of all administrators.', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO groups_table (id, name, comments, valid_id, create_by, create_time, change_by, change_time) VALUES (3, 'stats', 'Group for statistics access.', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO users (id, first_name, last_name, login, pw, valid_id, create_by, create_time, change_by, change_time) VALUES (1, '-', '-', 'root@localhost', 'roK20XGbWEsSM', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO group_user (user_id, group_id, permission_key, create_by, create_time, change_by, change_time) VALUES (1, 1, 'rw', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO group_user (user_id, group_id, permission_key, create_by, create_time, change_by, change_time) VALUES (1, 2, 'rw', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO group_user (user_id, group_id, permission_key, create_by, create_time, change_by, change_time) VALUES (1, 3, 'rw', 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO queue (id, name, group_id, system_address_id, salutation_id, signature_id, follow_up_id, follow_up_lock, unlock_timeout, comments, valid_id, create_by, create_time, change_by, change_time) VALUES (1, 'Postmaster', 1, 1, 1, 1, 1, 0, 0, 'Postmaster queue.', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO queue (id, name, group_id, system_address_id, salutation_id, signature_id, follow_up_id, follow_up_lock, unlock_timeout, comments, valid_id, create_by, create_time, change_by, change_time) VALUES (2, 'Raw', 1, 1, 1, 1, 1, 0, 0, 'All default incoming tickets.', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO queue (id, name, group_id, system_address_id, salutation_id, signature_id, follow_up_id, follow_up_lock, unlock_timeout, comments, valid_id, create_by, create_time, change_by, change_time) VALUES (3, 'Junk', 1, 1, 1, 1, 1, 0, 0, 'All junk tickets.', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
INSERT INTO queue (id, name, group_id, system_address_id, salutation_id, signature_id, follow_up_id, follow_up_lock, unlock_timeout, comments, valid_id, create_by, create_time, change_by, change_time) VALUES (4, 'Misc', 1, 1, 1, 1, 1, 0, 0, 'All misc tickets.', 1, 1, '2024-01-01 00:00:00', 1, '2024-01-01 00:00:00');
SELECT setval(pg_get_serial_sequence('valid', 'id'), (SELECT max(id) FROM valid));
SELECT setval(pg_get_serial_sequence('ticket_state_type', 'id'), (SELECT max(id) FROM ticket_state_type));
SELECT setval(pg_get_serial_sequence('ticket_state', 'id'), (SELECT max(id) FROM ticket_state));
SELECT setval(pg_get_serial_sequence('ticket_lock_type', 'id'), (SELECT max(id) FROM ticket_lock_type));
SELECT setval(pg_get_serial_sequence('ticket_priority', 'id'), (SELECT max(id) FROM ticket_priority));
SELECT setval(pg_get_serial_sequence('ticket_type', 'id'), (SELECT max(id) FROM ticket_type));
SELECT setval(pg_get_serial_sequence('ticket_history_type', 'id'), (SELECT max(id) FROM ticket_history_type));
SELECT setval(pg_get_serial_sequence('groups_table', 'id'), (SELECT max(id) FROM groups_table));
SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users));
SELECT setval(pg_get_serial_sequence('queue', 'id'), (SELECT max(id) FROM queue));
