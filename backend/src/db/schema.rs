// Written by hand to match both migration folders; every type is portable (docs/architecture.md).

diesel::table! {
    offices (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        region -> Text,
        director_user_id -> Nullable<BigInt>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        display_name -> Text,
        password_hash -> Nullable<Text>,
        kind -> Text,
        office_id -> Nullable<BigInt>,
        language -> Text,
        active -> Bool,
        must_change_password -> Bool,
        session_generation -> BigInt,
        failed_logins -> BigInt,
        locked_until -> Nullable<Timestamp>,
        last_login_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        email -> Text,
        display_key -> Nullable<Text>,
    }
}

diesel::table! {
    user_roles (user_id, role) {
        user_id -> BigInt,
        role -> Text,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        family -> Text,
        token_hash -> Text,
        session_generation -> BigInt,
        expires_at -> Timestamp,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        name -> Text,
        service_user_id -> BigInt,
        token_hash -> Text,
        token_prefix -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        seq -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        actor_name -> Text,
        action -> Text,
        entity -> Text,
        entity_id -> Nullable<Text>,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        request_id -> Text,
        client_ip -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    audit_head (id) {
        id -> BigInt,
        seq -> BigInt,
        last_hash -> Text,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    counters (name) {
        name -> Text,
        value -> BigInt,
    }
}

diesel::table! {
    customers (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        name_key -> Text,
        search_text -> Text,
        credit_code -> Nullable<Text>,
        address -> Text,
        enterprise_nature -> Text,
        postal_code -> Text,
        industry -> Text,
        phone -> Text,
        fax -> Text,
        superior_authority -> Text,
        registered_capital_fen -> Nullable<BigInt>,
        legal_representative -> Text,
        registration_date -> Nullable<Date>,
        enterprise_size -> Text,
        business_term -> Text,
        employees -> Nullable<BigInt>,
        registration_authority -> Text,
        annual_revenue_fen -> Nullable<BigInt>,
        net_assets_fen -> Nullable<BigInt>,
        rmb_bank -> Text,
        rmb_account -> Text,
        fx_bank -> Text,
        fx_account -> Text,
        bank_rating -> Text,
        business_scope -> Text,
        owner_user_id -> Nullable<BigInt>,
        office_id -> Nullable<BigInt>,
        category -> Text,
        grade -> Nullable<Text>,
        status -> Text,
        key_customer -> Bool,
        first_deal_date -> Nullable<Date>,
        tags -> Text,
        dossier_updated_at -> Timestamp,
        version -> BigInt,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    customer_tags (customer_id, tag) {
        customer_id -> BigInt,
        tag -> Text,
    }
}

diesel::table! {
    customer_changes (id) {
        id -> BigInt,
        customer_id -> BigInt,
        kind -> Text,
        from_value -> Text,
        to_value -> Text,
        reason -> Text,
        actor_id -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::table! {
    customer_access_grants (id) {
        id -> BigInt,
        customer_id -> BigInt,
        user_id -> BigInt,
        approval_id -> Nullable<BigInt>,
        reason -> Text,
        granted_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    approvals (id) {
        id -> BigInt,
        kind -> Text,
        customer_id -> Nullable<BigInt>,
        title -> Text,
        payload -> Text,
        requester_id -> BigInt,
        approver_role -> Text,
        due_at -> Timestamp,
        status -> Text,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        decision_comment -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    approval_events (id) {
        id -> BigInt,
        approval_id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        comment -> Text,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        title -> Text,
        body -> Text,
        link -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        email_status -> Text,
        email_attempts -> BigInt,
        email_next_at -> Nullable<Timestamp>,
        email_error -> Nullable<Text>,
    }
}

diesel::table! {
    policy_versions (id) {
        id -> BigInt,
        number -> BigInt,
        status -> Text,
        document -> Text,
        effective_from -> Nullable<Date>,
        based_on -> Nullable<BigInt>,
        note -> Text,
        approval_id -> Nullable<BigInt>,
        version -> BigInt,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        approved_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    calendar_days (day) {
        day -> Date,
        kind -> Text,
        name -> Text,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    products (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        unit -> Text,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    product_prices (id) {
        id -> BigInt,
        product_id -> BigInt,
        price_fen -> BigInt,
        effective_from -> Date,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    contracts (id) {
        id -> BigInt,
        number -> Text,
        customer_id -> BigInt,
        status -> Text,
        signed_on -> Nullable<Date>,
        credit_period_days -> BigInt,
        credit_form -> Text,
        amount_fen -> BigInt,
        list_amount_fen -> BigInt,
        note -> Text,
        review_outcome -> Nullable<Text>,
        review_note -> Text,
        reviewed_by -> Nullable<BigInt>,
        reviewed_at -> Nullable<Timestamp>,
        external_ref -> Nullable<Text>,
        created_by -> Nullable<BigInt>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submitted_by -> Nullable<BigInt>,
        credit_state -> Nullable<Text>,
        pending_signed_on -> Nullable<Date>,
        special_approval_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    contract_lines (id) {
        id -> BigInt,
        contract_id -> BigInt,
        line_no -> BigInt,
        product_id -> BigInt,
        quantity -> BigInt,
        list_price_fen -> BigInt,
        price_fen -> BigInt,
        amount_fen -> BigInt,
        shipped_quantity -> BigInt,
    }
}

diesel::table! {
    shipping_notes (id) {
        id -> BigInt,
        number -> Text,
        contract_id -> BigInt,
        customer_id -> BigInt,
        status -> Text,
        ship_date -> Date,
        amount_fen -> BigInt,
        external_ref -> Nullable<Text>,
        issued_by -> Nullable<BigInt>,
        issued_at -> Timestamp,
        confirmed_by -> Nullable<BigInt>,
        confirmed_at -> Nullable<Timestamp>,
        credit_state -> Nullable<Text>,
        released_by -> Nullable<BigInt>,
        released_at -> Nullable<Timestamp>,
        release_reason -> Text,
    }
}

diesel::table! {
    shipping_note_lines (id) {
        id -> BigInt,
        shipping_note_id -> BigInt,
        contract_line_id -> BigInt,
        quantity -> BigInt,
        amount_fen -> BigInt,
    }
}

diesel::table! {
    receivables (id) {
        id -> BigInt,
        customer_id -> BigInt,
        contract_id -> BigInt,
        shipping_note_id -> Nullable<BigInt>,
        issued_on -> Date,
        due_date -> Date,
        amount_fen -> BigInt,
        allocated_fen -> BigInt,
        credited_fen -> BigInt,
        created_at -> Timestamp,
        last_event_on -> Nullable<Date>,
        written_off_fen -> BigInt,
    }
}

diesel::table! {
    payments (id) {
        id -> BigInt,
        customer_id -> BigInt,
        received_on -> Date,
        amount_fen -> BigInt,
        method -> Text,
        bank_ref -> Text,
        allocated_fen -> BigInt,
        external_ref -> Nullable<Text>,
        reversed_on -> Nullable<Date>,
        reversal_reason -> Text,
        reversed_by -> Nullable<BigInt>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    allocations (id) {
        id -> BigInt,
        payment_id -> BigInt,
        receivable_id -> BigInt,
        amount_fen -> BigInt,
        received_on -> Date,
        reversed_on -> Nullable<Date>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    credit_notes (id) {
        id -> BigInt,
        customer_id -> BigInt,
        receivable_id -> BigInt,
        amount_fen -> BigInt,
        issued_on -> Date,
        reason -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (user_id, key) {
        user_id -> BigInt,
        key -> Text,
        request_hash -> Text,
        status -> BigInt,
        response -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(product_prices -> products (product_id));
diesel::joinable!(credit_training_attendees -> credit_trainings (training_id));
diesel::joinable!(credit_training_attendees -> users (user_id));
diesel::joinable!(contracts -> customers (customer_id));
diesel::joinable!(contract_lines -> contracts (contract_id));
diesel::joinable!(contract_lines -> products (product_id));
diesel::joinable!(shipping_notes -> customers (customer_id));
diesel::joinable!(shipping_note_lines -> shipping_notes (shipping_note_id));
diesel::joinable!(shipping_note_lines -> contract_lines (contract_line_id));
diesel::joinable!(receivables -> customers (customer_id));
diesel::joinable!(receivables -> contracts (contract_id));
diesel::joinable!(payments -> customers (customer_id));
diesel::joinable!(allocations -> payments (payment_id));
diesel::joinable!(allocations -> receivables (receivable_id));
diesel::joinable!(credit_notes -> receivables (receivable_id));

diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(users -> offices (office_id));

diesel::table! {
    dossier_entries (id) {
        id -> BigInt,
        customer_id -> BigInt,
        kind -> Text,
        content -> Text,
        occurred_on -> Nullable<Date>,
        version -> BigInt,
        author_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    dossier_history (id) {
        id -> BigInt,
        entry_id -> BigInt,
        version -> BigInt,
        content -> Text,
        author_id -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::table! {
    attachments (id) {
        id -> BigInt,
        customer_id -> BigInt,
        entry_id -> Nullable<BigInt>,
        filename -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        storage_key -> Text,
        description -> Text,
        uploaded_by -> Nullable<BigInt>,
        uploaded_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    development_plans (id) {
        id -> BigInt,
        office_id -> BigInt,
        period -> Text,
        items -> Text,
        status -> Text,
        submitted_by -> Nullable<BigInt>,
        submitted_at -> Nullable<Timestamp>,
        comment -> Text,
        commented_by -> Nullable<BigInt>,
        commented_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(customer_tags -> customers (customer_id));
diesel::joinable!(customer_changes -> customers (customer_id));
diesel::joinable!(customer_access_grants -> customers (customer_id));
diesel::joinable!(approval_events -> approvals (approval_id));

diesel::table! {
    influence_assessments (id) {
        id -> BigInt,
        customer_id -> BigInt,
        level -> Text,
        reason -> Text,
        assessed_on -> Date,
        assessed_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rating_runs (id) {
        id -> BigInt,
        purpose -> Text,
        rating_date -> Date,
        window_months -> BigInt,
        policy_version_id -> BigInt,
        chosen -> Bool,
        status -> Text,
        total -> BigInt,
        done -> BigInt,
        cursor_id -> BigInt,
        lease_until -> Nullable<Timestamp>,
        attempts -> BigInt,
        error -> Text,
        note -> Text,
        approval_id -> Nullable<BigInt>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        computed_at -> Nullable<Timestamp>,
        submitted_at -> Nullable<Timestamp>,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    rating_run_customers (run_id, customer_id) {
        run_id -> BigInt,
        customer_id -> BigInt,
    }
}

diesel::table! {
    rating_results (id) {
        id -> BigInt,
        run_id -> BigInt,
        customer_id -> BigInt,
        eligibility -> Text,
        first_deal_date -> Nullable<Date>,
        contract_amount_fen -> BigInt,
        list_amount_fen -> BigInt,
        late_receivables -> BigInt,
        open_receivables_fen -> BigInt,
        influence -> Nullable<Text>,
        influence_on -> Nullable<Date>,
        level_amount -> BigInt,
        level_receivables -> BigInt,
        level_premium -> BigInt,
        level_influence -> BigInt,
        total_points -> BigInt,
        proposed_grade -> Nullable<Text>,
        suggested_category -> Text,
        previous_grade -> Nullable<Text>,
        previous_category -> Text,
        override_grade -> Nullable<Text>,
        override_category -> Nullable<Text>,
        override_reason -> Text,
        override_by -> Nullable<BigInt>,
        override_at -> Nullable<Timestamp>,
        applied -> Bool,
    }
}

diesel::table! {
    revisits (id) {
        id -> BigInt,
        customer_id -> BigInt,
        role -> Text,
        category -> Text,
        grade -> Text,
        due_on -> Date,
        status -> Text,
        policy_version_id -> BigInt,
        interaction_id -> Nullable<BigInt>,
        done_on -> Nullable<Date>,
        done_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(influence_assessments -> customers (customer_id));
diesel::joinable!(rating_results -> customers (customer_id));
diesel::joinable!(rating_results -> rating_runs (run_id));
diesel::joinable!(rating_run_customers -> rating_runs (run_id));
diesel::joinable!(revisits -> customers (customer_id));

diesel::table! {
    credit_profiles (customer_id) {
        customer_id -> BigInt,
        grade -> Text,
        limit_fen -> BigInt,
        credit_period_days -> BigInt,
        valid_until -> Nullable<Date>,
        next_review_on -> Nullable<Date>,
        request_id -> BigInt,
        approved_at -> Timestamp,
    }
}

diesel::table! {
    credit_limit_requests (id) {
        id -> BigInt,
        customer_id -> BigInt,
        approval_id -> Nullable<BigInt>,
        status -> Text,
        old_grade -> Nullable<Text>,
        new_grade -> Text,
        old_limit_fen -> BigInt,
        new_limit_fen -> BigInt,
        old_period_days -> Nullable<BigInt>,
        credit_period_days -> BigInt,
        valid_until -> Nullable<Date>,
        reason -> Text,
        requested_by -> BigInt,
        requested_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        review_item_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    credit_instruments (id) {
        id -> BigInt,
        customer_id -> BigInt,
        kind -> Text,
        provider -> Text,
        amount_fen -> BigInt,
        expires_on -> Date,
        note -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        voided_at -> Nullable<Timestamp>,
        voided_by -> Nullable<BigInt>,
        void_reason -> Nullable<Text>,
    }
}

diesel::table! {
    credit_investigations (id) {
        id -> BigInt,
        customer_id -> BigInt,
        source -> Text,
        investigated_on -> Date,
        findings -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    credit_events (id) {
        id -> BigInt,
        customer_id -> BigInt,
        kind -> Text,
        phase -> Text,
        severity -> Text,
        notes -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    credit_holds (id) {
        id -> BigInt,
        customer_id -> BigInt,
        reason -> Text,
        event_id -> Nullable<BigInt>,
        set_by -> Nullable<BigInt>,
        set_at -> Timestamp,
        lift_reason -> Nullable<Text>,
        lifted_by -> Nullable<BigInt>,
        lifted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    credit_record_files (id) {
        id -> BigInt,
        record_type -> Text,
        record_id -> BigInt,
        attachment_id -> BigInt,
    }
}

diesel::table! {
    credit_trainings (id) {
        id -> BigInt,
        held_on -> Date,
        topic -> Text,
        trainer -> Text,
        materials -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    credit_training_attendees (training_id, user_id) {
        training_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    credit_checks (id) {
        id -> BigInt,
        document_type -> Text,
        document_id -> BigInt,
        customer_id -> BigInt,
        passed -> Bool,
        reasons -> Text,
        exposure_fen -> BigInt,
        amount_fen -> BigInt,
        limit_fen -> BigInt,
        policy_version_id -> BigInt,
        checked_at -> Timestamp,
    }
}

diesel::table! {
    job_runs (job, run_on) {
        job -> Text,
        run_on -> Date,
        claimed_by -> Text,
        lease_until -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        summary -> Text,
    }
}

diesel::table! {
    collection_marks (receivable_id) {
        receivable_id -> BigInt,
        level_days -> BigInt,
        marked_on -> Date,
    }
}

diesel::table! {
    follow_up_tasks (id) {
        id -> BigInt,
        customer_id -> BigInt,
        level_days -> BigInt,
        action -> Text,
        status -> Text,
        opened_on -> Date,
        due_on -> Date,
        closed_on -> Nullable<Date>,
        close_reason -> Nullable<Text>,
        raised_by_promise_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    follow_up_task_items (task_id, receivable_id) {
        task_id -> BigInt,
        receivable_id -> BigInt,
        balance_fen -> BigInt,
    }
}

diesel::table! {
    follow_up_actions (id) {
        id -> BigInt,
        task_id -> BigInt,
        kind -> Text,
        done_on -> Date,
        contact -> Text,
        outcome -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    payment_promises (id) {
        id -> BigInt,
        task_id -> BigInt,
        customer_id -> BigInt,
        amount_fen -> BigInt,
        made_on -> Date,
        promised_on -> Date,
        note -> Text,
        status -> Text,
        settled_on -> Nullable<Date>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    collection_cases (id) {
        id -> BigInt,
        customer_id -> BigInt,
        status -> Text,
        opened_on -> Date,
        assigned_to -> Nullable<BigInt>,
        analysis -> Text,
        method -> Nullable<Text>,
        outcome -> Nullable<Text>,
        outcome_note -> Text,
        closed_on -> Nullable<Date>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    collection_case_items (case_id, receivable_id) {
        case_id -> BigInt,
        receivable_id -> BigInt,
        balance_fen -> BigInt,
    }
}

diesel::table! {
    collection_case_actions (id) {
        id -> BigInt,
        case_id -> BigInt,
        done_on -> Date,
        method -> Text,
        note -> Text,
        cost_fen -> BigInt,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    write_offs (id) {
        id -> BigInt,
        receivable_id -> BigInt,
        customer_id -> BigInt,
        case_id -> Nullable<BigInt>,
        amount_fen -> BigInt,
        reason -> Text,
        status -> Text,
        approval_id -> Nullable<BigInt>,
        proposed_by -> Nullable<BigInt>,
        proposed_at -> Timestamp,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        written_off_on -> Nullable<Date>,
    }
}

diesel::table! {
    write_off_files (write_off_id, attachment_id) {
        write_off_id -> BigInt,
        attachment_id -> BigInt,
    }
}

diesel::table! {
    letter_templates (kind) {
        kind -> Text,
        title -> Text,
        body -> Text,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(follow_up_tasks -> customers (customer_id));
diesel::joinable!(follow_up_task_items -> follow_up_tasks (task_id));
diesel::joinable!(follow_up_task_items -> receivables (receivable_id));
diesel::joinable!(collection_cases -> customers (customer_id));
diesel::joinable!(collection_case_items -> collection_cases (case_id));
diesel::joinable!(collection_case_items -> receivables (receivable_id));
diesel::joinable!(write_offs -> customers (customer_id));
diesel::joinable!(payment_promises -> customers (customer_id));
diesel::joinable!(write_offs -> receivables (receivable_id));
diesel::joinable!(collection_marks -> receivables (receivable_id));

diesel::table! {
    credit_reviews (id) {
        id -> BigInt,
        review_month -> Text,
        period_from -> Date,
        period_to -> Date,
        as_of -> Date,
        policy_version_id -> BigInt,
        status -> Text,
        total -> BigInt,
        done -> BigInt,
        cursor_id -> BigInt,
        lease_until -> Nullable<Timestamp>,
        attempts -> BigInt,
        error -> Nullable<Text>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        generated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    credit_review_items (id) {
        id -> BigInt,
        review_id -> BigInt,
        customer_id -> BigInt,
        grade -> Text,
        limit_fen -> BigInt,
        credit_period_days -> BigInt,
        sales_fen -> BigInt,
        open_ar_fen -> BigInt,
        overdue_fen -> BigInt,
        dso_days -> Nullable<BigInt>,
        late_receivables -> BigInt,
        worst_days_late -> BigInt,
        broken_promises -> BigInt,
        events -> BigInt,
        severe_events -> BigInt,
        utilisation_pct -> Nullable<BigInt>,
        proposal -> Text,
        proposed_grade -> Text,
        proposed_limit_fen -> BigInt,
        proposed_period_days -> BigInt,
        reasons -> Text,
        status -> Text,
        decision -> Nullable<Text>,
        new_grade -> Nullable<Text>,
        new_limit_fen -> Nullable<BigInt>,
        new_period_days -> Nullable<BigInt>,
        opinion -> Text,
        reviewed_by -> Nullable<BigInt>,
        reviewed_at -> Nullable<Timestamp>,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        decision_note -> Text,
        applied_request_id -> Nullable<BigInt>,
        version -> BigInt,
        basis_request_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    statement_recipients (customer_id) {
        customer_id -> BigInt,
        email -> Text,
        monthly -> Bool,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    statement_runs (id) {
        id -> BigInt,
        month -> Text,
        period_from -> Date,
        period_to -> Date,
        queued -> BigInt,
        started_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    statement_mails (id) {
        id -> BigInt,
        customer_id -> BigInt,
        run_id -> Nullable<BigInt>,
        period_from -> Date,
        period_to -> Date,
        to_address -> Text,
        requested_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        email_status -> Text,
        email_attempts -> BigInt,
        email_next_at -> Nullable<Timestamp>,
        email_error -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(statement_recipients -> customers (customer_id));
diesel::joinable!(statement_mails -> customers (customer_id));
diesel::joinable!(statement_mails -> statement_runs (run_id));

diesel::joinable!(credit_review_items -> customers (customer_id));
diesel::joinable!(credit_review_items -> credit_reviews (review_id));

diesel::allow_tables_to_appear_in_same_query!(
    offices,
    users,
    user_roles,
    refresh_tokens,
    api_tokens,
    audit_events,
    audit_head,
    settings,
    counters,
    customers,
    customer_tags,
    customer_changes,
    customer_access_grants,
    approvals,
    approval_events,
    notifications,
    dossier_entries,
    dossier_history,
    attachments,
    development_plans,
    policy_versions,
    calendar_days,
    products,
    product_prices,
    contracts,
    contract_lines,
    shipping_notes,
    shipping_note_lines,
    receivables,
    payments,
    allocations,
    credit_notes,
    idempotency_keys,
    influence_assessments,
    rating_runs,
    rating_run_customers,
    rating_results,
    revisits,
    credit_profiles,
    credit_limit_requests,
    credit_reviews,
    credit_review_items,
    credit_instruments,
    credit_investigations,
    credit_events,
    credit_holds,
    credit_checks,
    credit_record_files,
    credit_trainings,
    credit_training_attendees,
    job_runs,
    collection_marks,
    follow_up_tasks,
    follow_up_task_items,
    follow_up_actions,
    payment_promises,
    collection_cases,
    collection_case_items,
    collection_case_actions,
    write_offs,
    write_off_files,
    letter_templates,
    statement_recipients,
    statement_runs,
    statement_mails,
);
